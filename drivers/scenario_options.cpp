#include "drivers/scenario_options.hpp"

#include <cmath>
#include <iostream>
#include <limits>
#include <sstream>

#include "core/error.hpp"
#include "core/key_rules.hpp"
#include "core/scenario_parameters.hpp"
#include "drivers/cli_values.hpp"
#include "drivers/replay_csv.hpp"

namespace hhsim::drivers {

namespace {
constexpr double largest_whole = 9.2e18;  // bounds at or above this mean "any int64"

std::int64_t whole_bound(double x, bool upper) {
    if (!std::isfinite(x) || std::abs(x) >= largest_whole) return upper ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
    return static_cast<std::int64_t>(upper ? std::floor(x) : std::ceil(x));
}

// The text of a flag as the parameter's value, checked against its rule; errors name the flag.
param_value flag_value(const parameter<scenario>& p, const std::string& flag, const std::vector<std::string>& texts) {
    param_value v;
    switch (p.type) {
        case param_type::real: v = parse_real(texts.front(), flag); break;
        case param_type::whole: v = parse_whole(texts.front(), flag, whole_bound(p.rule.lo, false), whole_bound(p.rule.hi, true)); break;
        case param_type::choice:
        case param_type::text:
            require_that(!texts.front().empty(), flag, " is empty; give a value", p.type == param_type::choice ? ": " : "",
                         p.type == param_type::choice ? describe_rule(p.type, p.rule) : "");
            v = texts.front();
            break;
        case param_type::wholes: {
            std::vector<std::int64_t> items;
            for (const std::string& t : texts) items.push_back(parse_whole(t, flag, whole_bound(p.rule.lo, false), whole_bound(p.rule.hi, true)));
            v = items;
            break;
        }
        default: throw std::logic_error(cat("scenario parameter ", p.key(), " has a type without a flag"));
    }
    const std::string wrong = rule_violation(p.type, p.rule, v);
    if (!wrong.empty()) {
        std::string shown = toml_text(v);
        if (std::holds_alternative<std::string>(v)) shown = "'" + std::get<std::string>(v) + "'";
        throw input_error(cat(flag, " = ", shown, p.unit.empty() ? "" : " ", p.unit, " is invalid; ", wrong));
    }
    return v;
}

void warn_deprecated(scenario_options& opt, const std::string& old_flag, const std::string& new_flag) {
    for (const std::string& d : opt.deprecated) {
        if (d == old_flag) return;
    }
    opt.deprecated.push_back(old_flag);
    std::cerr << "hhsim: " << old_flag << " is deprecated and goes in the next release; use " << new_flag
              << " (the same name as in configuration files)\n";
}

// Register `flag` (and a hidden deprecated alias) for a value of kind T, calling `take` with it.
template <typename Take>
void add_with_alias(CLI::App& cmd, scenario_options& opt, const std::string& flag, const std::string& old_flag, bool list,
                    const std::string& help, const std::string& default_text, Take take, const std::string& type_name = "VALUE") {
    // Errors name the spelling the user typed.
    const auto callback = [&opt, take](const std::string& used, const std::string& canonical, const std::vector<std::string>& texts) {
        if (used != canonical) warn_deprecated(opt, used, canonical);
        take(used, texts);
    };
    for (const std::string& name : {flag, old_flag}) {
        if (name.empty()) continue;
        // Every occurrence's value is checked (an empty one too); for a single value the last counts.
        CLI::Option* o = cmd.add_option_function<std::vector<std::string>>(
            name,
            [callback, name, flag, list](const std::vector<std::string>& t) {
                if (list) {
                    callback(name, flag, t);
                    return;
                }
                for (const std::string& one : t) callback(name, flag, {one});
            },
            help);
        o->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
        if (!list) o->expected(1);
        o->type_name(type_name);
        if (name == flag && !default_text.empty()) o->default_str(default_text);
        if (name != flag) o->group("");  // hidden from --help
    }
}

population parse_population(const std::string& spec) {
    // Every comma separates two fields (a trailing comma leaves an empty fifth one: refused).
    std::vector<std::string> parts(1);
    for (const char c : spec) {
        if (c == ',') {
            parts.emplace_back();
        } else {
            parts.back() += c;
        }
    }
    require_that(parts.size() == 4, "--population ", quoted(spec), " is invalid; expected four fields count,rate_hz,release_probability,jump_mV (",
                 parts.size(), " given)");
    return population{parse_whole(parts[0], "--population count", 0, std::numeric_limits<std::int64_t>::max()),
                      parse_real(parts[1], "--population rate_hz"), parse_real(parts[2], "--population release_probability"),
                      parse_real(parts[3], "--population jump_mV"), {}, {}};
}

// Ji = -K * Je, checked: a product that overflows names what it came from (`je_from`: the flag
// --je_mV, or the configuration's key when Je is the file's).
double inhibitory_jump(double k_inh, double je_mv, const std::string& je_from = "--je_mV") {
    require_that(std::isfinite(k_inh) && k_inh >= 0, "--k = ", k_inh, " is invalid; must be finite and >= 0");
    const double ji = -k_inh * je_mv;
    require_that(std::isfinite(ji), "--k = ", k_inh, " with ", je_from, " = ", je_mv, " gives the inhibitory jump Ji = -K * Je = ", ji,
                 " mV, which is not a finite number; choose a smaller ", je_from, " or --k");
    return ji;
}

std::vector<population> ei_pair(const scenario_options& opt) {
    require_that(std::isfinite(opt.je_mv), "--je_mV = ", opt.je_mv, " is invalid; must be a finite number of mV");
    return {population{opt.n_exc, opt.rate_hz, opt.release_p, opt.je_mv, {}, {}},
            population{opt.n_inh, opt.rate_hz, opt.release_p, inhibitory_jump(opt.k_inh, opt.je_mv), {}, {}}};
}

// The E/I shortcuts with their flags, in the order they are named in messages.
constexpr std::pair<const char*, const char*> ei_shortcuts[] = {{"ne", "--ne"}, {"ni", "--ni"}, {"je", "--je_mV"}, {"k", "--k"},
                                                                  {"rate", "--rate_hz"}, {"p", "--release_probability"}};

std::string type_label(param_type t) {
    switch (t) {
        case param_type::real: return "REAL";
        case param_type::whole: return "INT";
        case param_type::wholes: return "INT...";
        case param_type::choice: return "NAME";
        default: return "TEXT";
    }
}

struct shortcut {
    const char* flag;
    const char* old_flag;
};
// Flags that are not parameters of a file: the E/I shortcuts, all populations at once, the replay file.
constexpr shortcut shortcuts[] = {{"--ne", ""}, {"--ni", ""}, {"--je_mV", "--je-mv"}, {"--k", ""}, {"--rate_hz", "--rate-hz"},
                                  {"--release_probability", "--p"}, {"--population", ""}, {"--replay_csv", "--replay"}};
}  // namespace

scenario scenario_options::run_defaults() {
    scenario sc = default_scenario();
    sc.run.jumps = default_jumps(sc.input.kind);
    // What `hhsim run` records without --trace_trials/--event_trials: the first trial (first_trial).
    sc.record.trace_trials = {0};
    sc.record.event_trials = {0};
    return sc;
}

bool is_scenario_flag(const std::string& flag) {
    for (const parameter<scenario>& p : scenario_parameters()) {
        if (flag == "--" + std::string(p.name) || (!p.old_flag.empty() && flag == p.old_flag)) return true;
    }
    for (const shortcut& s : shortcuts) {
        if (flag == s.flag || flag == s.old_flag) return true;
    }
    return false;
}

void add_scenario_options(CLI::App& cmd, scenario_options& opt) {
    for (const parameter<scenario>& p : scenario_parameters()) {
        const std::string flag = "--" + std::string(p.name);
        const std::string rule = describe_rule(p);
        const std::string help = cat(p.help, p.unit.empty() ? "" : cat(" (", p.unit, ")"), rule.empty() || p.type == param_type::choice ? "" : "; " + rule,
                                     "; in a file: ", p.key());
        const param_value now = p.get(opt.sc);
        add_with_alias(cmd, opt, flag, std::string(p.old_flag), p.type == param_type::wholes, help,
                       std::holds_alternative<std::monostate>(now) ? std::string() : toml_text(now),
                       [&opt, &p](const std::string& used, const std::vector<std::string>& texts) {
                           if (p.name == "integrator" && opt.allow_reference && texts.front() == "reference") {
                               opt.reference = true;  // validated as rk4, run by the reference integrator
                               opt.sc.run.integrator = method::rk4;
                               opt.given.insert("integrator");
                               return;
                           }
                           if (p.name == "integrator") opt.reference = false;
                           p.set(opt.sc, flag_value(p, used, texts));
                           opt.given.insert(std::string(p.name));
                       },
                       type_label(p.type));
    }
    const auto take_whole = [&opt](std::int64_t& out, const char* given) {
        return [&opt, &out, given](const std::string& flag, const std::vector<std::string>& t) {
            out = parse_whole(t.front(), flag, 0, std::numeric_limits<std::int64_t>::max());
            opt.given.insert(given);
        };
    };
    const auto take_real = [&opt](double& out, const char* given) {
        return [&opt, &out, given](const std::string& flag, const std::vector<std::string>& t) {
            out = parse_real(t.front(), flag);
            opt.given.insert(given);
        };
    };
    add_with_alias(cmd, opt, "--ne", "", false, "excitatory sources (shortcut: population 0's count)", "80", take_whole(opt.n_exc, "ne"));
    add_with_alias(cmd, opt, "--ni", "", false, "inhibitory sources (shortcut: population 1's count)", "20", take_whole(opt.n_inh, "ni"));
    add_with_alias(cmd, opt, "--je_mV", "--je-mv", false, "excitatory jump Je (mV; shortcut: population 0's jump_mV)", "1.0",
                   take_real(opt.je_mv, "je"));
    add_with_alias(cmd, opt, "--k", "", false, "inhibitory jump is Ji = -K * Je (dimensionless; shortcut: population 1's jump_mV)", "4.0",
                   take_real(opt.k_inh, "k"));
    add_with_alias(cmd, opt, "--rate_hz", "--rate-hz", false, "rate of every source of every population (Hz)", "10.0",
                   take_real(opt.rate_hz, "rate"));
    add_with_alias(cmd, opt, "--release_probability", "--p", false,
                   "release probability of every population, [0, 1] (a population that gives none has the same default, in files and Python too)",
                   toml_text(param_value(default_release_probability)),
                   take_real(opt.release_p, "p"));
    add_with_alias(cmd, opt, "--population", "", true,
                   "a population 'count,rate_hz,release_probability,jump_mV' (repeatable; replaces the E/I shortcuts)", "",
                   [&opt](const std::string& flag, const std::vector<std::string>& t) {
                       for (const std::string& s : t) require_that(!s.empty(), flag, " is empty; give a value");
                       opt.populations = t;
                   });
    add_with_alias(cmd, opt, "--replay_csv", "--replay", false,
                   "CSV of input events time_ms,jump_mV[,source] (with --kind replay; format: docs/output.md); in a file: input.replay_csv", "",
                   [&opt](const std::string& flag, const std::vector<std::string>& t) {
                       require_that(!t.front().empty(), flag, " is empty; give a file");
                       opt.replay_csv = t.front();
                   });
}

scenario to_scenario(const scenario_options& opt, const CLI::App& /*cmd*/, const scenario* base) {
    const auto given = [&opt](const char* name) { return opt.given.count(name) > 0; };
    scenario sc = base != nullptr ? *base : opt.sc;
    if (base != nullptr) {
        for (const parameter<scenario>& p : scenario_parameters()) {
            if (opt.given.count(std::string(p.name)) > 0) p.set(sc, p.get(opt.sc));
        }
        // --kind over a file: a jump timing that is the file's input default follows the new input
        // (the file's kind chose it, not the user), as without a file.
        if (given("kind") && !given("jumps") && base->run.jumps == default_jumps(base->input.kind)) sc.run.jumps = default_jumps(sc.input.kind);
    } else {
        if (!given("jumps")) sc.run.jumps = default_jumps(sc.input.kind);
        // run_defaults() records trial 0: it stands for the first trial run, whatever first_trial is.
        if (!given("trace_trials")) sc.record.trace_trials = {sc.run.first_trial};
        if (!given("event_trials")) sc.record.event_trials = {sc.run.first_trial};
    }
    if (const auto c = start_conflict(sc, [&opt](std::string_view name) { return opt.given.count(std::string(name)) > 0; })) {
        throw input_error(cat("--", c->name, " is invalid with --start rest (", c->reason, "); use --start v0"));
    }
    if (!opt.populations.empty()) {
        // --population gives each population in full: a shortcut beside it would be dropped or
        // would silently change what the user wrote; refuse the pair instead.
        for (const auto& [name, flag] : ei_shortcuts) {
            require_that(!given(name), "--population and ", flag, " contradict each other: --population gives every population in full ",
                         "(count,rate_hz,release_probability,jump_mV); drop ", flag, " or put its value into the --population fields");
        }
        sc.input.populations.clear();
        for (const std::string& spec : opt.populations) sc.input.populations.push_back(parse_population(spec));
    } else if (base == nullptr) {
        sc.input.populations = ei_pair(opt);
    } else {
        // Shortcut flags on top of a configuration's populations.
        auto& pops = sc.input.populations;
        const bool needs_two = given("ni") || given("k");
        require(!pops.empty() || (!given("ne") && !given("je") && !needs_two), "--ne/--je_mV need a population 0 in the configuration");
        require(pops.size() >= 2 || !needs_two, "--ni/--k need a population 1 in the configuration");
        if (given("ne")) pops[0].count = opt.n_exc;
        if (given("ni")) pops[1].count = opt.n_inh;
        if (given("je")) pops[0].jump_mv = opt.je_mv;
        if (given("k")) pops[1].jump_mv = inhibitory_jump(opt.k_inh, pops[0].jump_mv, given("je") ? "--je_mV" : "input.population.0.jump_mV");
        for (population& pop : pops) {
            if (given("rate")) {
                pop.rate_hz = opt.rate_hz;
                pop.source_rates_hz.clear();
            }
            if (given("p")) pop.release_probability = opt.release_p;
        }
    }
    if (!opt.replay_csv.empty()) sc.input.replay_events = read_replay_csv(opt.replay_csv, "--replay_csv");
    if (sc.input.kind == input_kind::replay) {
        require(!opt.replay_csv.empty() || !sc.input.replay_events.empty(), "--kind replay needs --replay_csv FILE.csv");
    } else {
        require_that(opt.replay_csv.empty(), "--replay_csv is given but the input kind is '", to_string(sc.input.kind), "'; use --kind replay");
    }
    validate(sc);
    return sc;
}

}  // namespace hhsim::drivers
