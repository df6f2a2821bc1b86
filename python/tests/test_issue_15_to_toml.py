"""Issue 15 item 6: to_toml writes every dict key so that it reads back as the same key, which then
meets the file's rules; no key can end its quotes and become another key or another grid."""
import tomllib

import pytest

import hhsim


@pytest.mark.parametrize("key", [
    'input.population.*.rate_hz" = [1.0, 2.0]\n#',  # once ended the quoted key and swept rate_hz over [1, 2]
    'a"b', "back\\slash", "tab\there", "bell\x07", "é", "", "input.population.0.rate_hz",
])
def test_dict_keys_read_back_as_the_same_keys(key):
    text = hhsim.to_toml({"sweep": {key: [5.0]}, "run": {key: 1}})
    assert tomllib.loads(text) == {"sweep": {key: [5.0]}, "run": {key: 1}}


def test_a_key_with_a_quote_cannot_become_another_grid():
    # Written unescaped, this key ran a study over rate_hz = 1, 2 Hz; it is no key of a sweep.
    config = {"run": {"t_end_ms": 300.0, "trials": 2}, "analysis": {"spectrum_segment_ms": 100.0, "bootstrap_resamples": 20},
              "sweep": {'input.population.*.rate_hz" = [1.0, 2.0]\n#': [5.0]}}
    with pytest.raises(ValueError, match="unknown sweep key"):
        hhsim.study(config)
