from gongkai.accounts.models import User

VALID = {
    "username": "acme",
    "public_kind": "organisation",
    "full_name": "联系人",
    "org_name": "示范公司",
    "org_type": "commercial",
    "credit_code": "91350100M000100Y43",
    "password1": "a-long-enough-passphrase",
    "password2": "a-long-enough-passphrase",
}


def test_it_registers_an_organisation_with_a_valid_credit_code(client, db):
    assert client.post("/register/", VALID).status_code == 302
    user = User.objects.get(username="acme")
    assert user.kind == "public" and user.credit_code == "91350100M000100Y43"
    assert user.display_name == "示范公司"


def test_it_refuses_an_invalid_credit_code_naming_the_rule(client, db):
    response = client.post("/register/", {**VALID, "credit_code": "91350100M000100Y44"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "校验码不符合 GB 32100-2015" in page
    assert not User.objects.filter(username="acme").exists()
    # What was valid is still in the form.
    assert response.context["form"]["org_name"].value() == "示范公司"


def test_it_requires_organisation_fields_only_for_organisations(client, db):
    page = client.post("/register/", {**VALID, "org_name": "", "credit_code": ""}).content.decode()
    assert "组织名称：法人或其他组织必须填写" in page and "统一社会信用代码：法人或其他组织必须填写" in page
    person = {**VALID, "username": "zhang", "public_kind": "person", "credit_code": "bogus"}
    assert client.post("/register/", person).status_code == 302
    assert User.objects.get(username="zhang").credit_code == ""


def test_it_applies_the_password_validators(client, db):
    page = client.post("/register/", {**VALID, "password1": "12345", "password2": "12345"}).content.decode()
    assert "密码" in page and not User.objects.filter(username="acme").exists()
