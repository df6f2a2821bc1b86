#!/usr/bin/env bash
# Issue 7 item 3: the plotting script runs without a shell; any folder name works.
source "$(dirname "$0")/lib.sh"
cd "$work"
small_config small.toml
sed -i 's/^trials = 6$/trials = 3/; s/^"input.population.\*.rate_hz" = \[6.0, 10.0, 14.0\]$/"input.population.*.rate_hz" = [10.0]/' small.toml
for name in 'q;touch INJECTED;' 'with space' "it's \"quoted\"" 'dollar $HOME $(touch INJECTED2)' 'ünïcødé ✓' '-starts-with-dash'; do
    "$hhsim" study small.toml --out "./$name" --quiet >/dev/null 2>"$work/err.txt"; rc=$?
    if [ "$rc" = 0 ] && [ -s "./$name/figures/index.txt" ] && ls "./$name/figures/"*.png >/dev/null 2>&1 && grep -q "png" "./$name/report.md"; then
        pass "figures drawn in '$name'"; else fail "figures in '$name': rc $rc $(cat "$work/err.txt") $(cat "./$name/figures.log" 2>/dev/null | tail -3)"; fi
done
[ ! -e INJECTED ] && [ ! -e INJECTED2 ] && [ ! -e "$HOME/INJECTED" ] && pass "no command injected" || fail "a shell ran a command from the folder name"
finish
