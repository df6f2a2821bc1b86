#include "drivers/replay_csv.hpp"

#include "core/chunk_input.hpp"

#include <algorithm>
#include <sstream>

#include "core/error.hpp"
#include "drivers/cli_values.hpp"
#include "drivers/text_files.hpp"

namespace hhsim::drivers {

namespace {
std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return "";
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

std::vector<std::string> fields(const std::string& line) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = line.find(',', start);
        out.push_back(trimmed(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
        if (comma == std::string::npos) return out;
        start = comma + 1;
    }
}
}  // namespace

std::vector<input_event> read_replay_csv(const std::filesystem::path& path, const std::string& what) {
    std::string text = read_text_file(path, what);
    if (text.rfind("\xef\xbb\xbf", 0) == 0) text.erase(0, 3);  // UTF-8 byte-order mark
    const std::string where = cat(what, " '", path.string(), "'");
    std::vector<input_event> events;
    std::size_t columns = 0;  // of the header or the first event; 0 until one is seen
    bool first_content = true;
    std::istringstream in(text);
    std::string line;
    for (std::size_t line_no = 1; std::getline(in, line); ++line_no) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const std::string content = trimmed(line);
        if (content.empty() || content.front() == '#') continue;
        const std::vector<std::string> cols = fields(content);
        const std::string at = cat(where, " line ", line_no, ": ");
        if (first_content) {
            first_content = false;
            if (content == "time_ms,jump_mV" || content == "time_ms,jump_mV,source") {
                columns = cols.size();
                continue;
            }
            require(content.find_first_of("0123456789") != std::string::npos || cols.size() < 2 || cols.size() > 3,
                    cat(at, quoted(content), " is neither the header time_ms,jump_mV[,source] (exactly) nor an event"));
        }
        require(cols.size() == 2 || cols.size() == 3,
                cat(at, "expected time_ms,jump_mV[,source] (2 or 3 columns), got ", cols.size(), ": ", quoted(content)));
        require(columns == 0 || cols.size() == columns,
                cat(at, "has ", cols.size(), " columns where the file's first line has ", columns, "; every line needs the same columns"));
        columns = cols.size();
        input_event ev;
        ev.t_ms = parse_real(cols[0], cat(at, "time_ms"));
        require(ev.t_ms > 0, cat(at, "time_ms = ", cols[0], " ms is invalid; must be > 0"));
        ev.jump_mv = parse_real(cols[1], cat(at, "jump_mV"));
        if (cols.size() == 3) ev.source = parse_whole(cols[2], cat(at, "source"), 0, std::numeric_limits<std::int64_t>::max());
        events.push_back(ev);
    }
    require(!events.empty(), cat(where, " has no events; a replay needs at least one (use input kind none for none)"));
    return events;
}

std::string replay_csv_text(const std::vector<input_event>& events) {
    std::ostringstream out;
    out.precision(17);
    // The source column only when every event has one (the format has no value for "unknown").
    const bool sources = std::all_of(events.begin(), events.end(), [](const input_event& ev) { return ev.source >= 0; });
    out << (sources ? "time_ms,jump_mV,source\n" : "time_ms,jump_mV\n");
    for (const input_event& ev : events) {
        out << ev.t_ms << ',' << ev.jump_mv;
        if (sources) out << ',' << ev.source;
        out << '\n';
    }
    return out.str();
}

std::size_t events_after(const std::vector<input_event>& events, const run_params& run) {
    const double last = last_applied_event_ms(step_count(run), run.dt_ms);
    std::size_t n = 0;
    for (const input_event& ev : events) n += ev.t_ms > last ? 1 : 0;
    return n;
}

}  // namespace hhsim::drivers
