import pytest
from django.core.exceptions import ValidationError

from gongkai.accounts.models import Agency, AgencyKind


def test_it_computes_the_subtree(tree):
    assert tree["district"].subtree_ids() == {tree[k].pk for k in ("district", "a", "street")}
    assert tree["city"].subtree_ids() == {a.pk for a in tree.values()}


def test_it_refuses_a_street_directly_under_the_city(tree):
    street = Agency(code="X", name="某街道", kind=AgencyKind.SUBDISTRICT, parent=tree["city"])
    with pytest.raises(ValidationError, match="街道办事处的上级应为"):
        street.full_clean()


def test_it_refuses_a_cycle(tree):
    district = tree["district"]
    district.parent = tree["a"]
    district.kind = AgencyKind.BUREAU
    tree["a"].kind = AgencyKind.DISTRICT  # make kinds legal so only the cycle is wrong
    with pytest.raises(ValidationError):
        district.full_clean()


def test_it_refuses_an_invalid_agency_credit_code(tree):
    tree["a"].credit_code = "11111111111111111X"
    with pytest.raises(ValidationError, match="GB 32100-2015"):
        tree["a"].full_clean()
