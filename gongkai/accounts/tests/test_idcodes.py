import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.lib.idcodes import (
    CREDIT_CODE_ALPHABET,
    check_credit_code,
    check_id_card,
    credit_code_check_char,
)


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91310115MA1K4DEM05", "91310115ma1k4dem05"])
def test_it_accepts_valid_credit_codes(code):
    assert check_credit_code(code) is None


def test_it_names_the_check_character_rule():
    message = check_credit_code("91350100M000100Y44")
    assert "第 18 位校验码" in message and "GB 32100-2015" in message and "应为 3" in message


def test_it_refuses_wrong_length_and_forbidden_letters():
    assert "18 位" in check_credit_code("9135010")
    assert "I、O、Z、S、V" in check_credit_code("91350100M000100YO3")


@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=9, max_size=9), st.integers(0, 30))
def test_it_detects_any_single_changed_check_character(org, wrong):
    first17 = "9131011" + "5" + org
    good = credit_code_check_char(first17)
    assert check_credit_code(first17 + good) is None
    other = CREDIT_CODE_ALPHABET[wrong]
    if other != good:
        assert check_credit_code(first17 + other) is not None


def test_it_checks_identity_card_numbers():
    assert check_id_card("11010519491231002X") is None
    assert "校验码" in check_id_card("110105194912310021")
    assert "出生日期" in check_id_card("110105194913310021")
    assert "18 位" in check_id_card("1101051949")
