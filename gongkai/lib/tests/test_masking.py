"""Masking of personal data in what the public wrote: recall on IDs, mobiles and e-mails embedded in
Chinese sentences the way people write them, and no damage to the numbers a comment on a policy is
about (document numbers, dates, amounts, article numbers)."""

import random

import pytest

from gongkai.lib.masking import find_personal, mask_personal

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def _id(rng: random.Random) -> str:
    body = f"{rng.choice(['310101', '310115', '320102', '110105', '440303'])}{rng.randint(1940, 2008)}"
    body += f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS, strict=True)) % 11]
    return body + check


def _mobile(rng: random.Random) -> str:
    digits = f"1{rng.choice('3456789')}{rng.randint(0, 999999999):09d}"
    style = rng.randrange(4)
    if style == 1:
        return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    if style == 2:
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    return ("+86 " if style == 3 else "") + digits


def _email(rng: random.Random) -> str:
    local = rng.choice(["zhang.san", "li_si88", "wangwu", "citizen2024", "a.b-c"])
    return f"{local}{rng.randint(1, 99)}@{rng.choice(['qq.com', '163.com', 'sina.com.cn', 'example.org'])}"


CONTEXTS = [
    "我的身份证号是{}，请核实。",
    "联系人张先生{}，欢迎来电",
    "本人（{}）认为第三条应当修改",
    "如有疑问请发邮件至{}或来信",
    "{}",
    "意见人：李某，证件{}。建议取消收费。",
    "电话/微信：{}。",
]


@pytest.mark.parametrize("kind,make", [("id", _id), ("phone", _mobile), ("email", _email)])
def test_every_embedded_identifier_is_found(kind, make):
    rng = random.Random(kind)
    missed = []
    for i in range(300):
        value = make(rng)
        text = CONTEXTS[i % len(CONTEXTS)].format(value)
        masked, n = mask_personal(text)
        if value in masked or n != 1:
            missed.append(text)
        assert kind in {f.kind for f in find_personal(text)} or text in missed
    assert missed == []


def test_the_numbers_a_comment_is_about_are_kept():
    text = (
        "建议修改《上海市重大行政决策程序规定》（沪府令35号）第十二条，参照国办发〔2019〕54号，"
        "自2025年3月1日起施行，收费标准由每小时10元调整为8元，共1200个泊位，涉及20230301号文件，"
        "全年预算3500000元。"
    )
    assert mask_personal(text) == (text, 0)


def test_landlines_and_house_numbers_are_masked_and_the_road_kept():
    masked, n = mask_personal("我住在浦东新区张杨路1234弄5号602室，座机021-58781234，办公电话 62345678。")
    assert n == 3
    assert "张杨路〔门牌号已隐去〕" in masked and "1234" not in masked and "5878" not in masked
    assert "62345678" not in masked


def test_a_fullwidth_at_sign_is_still_an_email():
    masked, n = mask_personal("邮箱：zhangsan＠163.com")
    assert n == 1 and "zhangsan" not in masked


# A fixed set written the way messages and comments arrive (each line holds exactly one item to mask).
FIXED = {
    "id": [
        "身份证号31010119900307123X，请核实",
        "证件号码：11010519491231002x。",
        "我（440303 19851012 5678）是申请人",
        "老身份证310101800307123还在用",
    ],
    "phone": [
        "手机 138-1234-5678 随时联系",
        "电话：139 1234 5678",
        "+86 13712345678",
        "办公电话021-58781234转分机",
        "座机（021）58781234",
        "请拨0571 8888 6666",
        "联系电话62345678",
    ],
    "email": ["邮箱 zhang.san@163.com 谢谢", "发到li_si@sina.com.cn", "wang@example.org。"],
    "address": [
        "我住在张杨路100弄5号602室",
        "家住某某小区3号楼2单元501室，楼下噪音大",
        "地址：世纪大道2001号",
        "徐汇区漕溪北路88号",
        "松江区某某镇某某村258号",
        "幸福新村12号301室漏水",
    ],
}


@pytest.mark.parametrize("kind", sorted(FIXED))
def test_a_fixed_set_of_ids_phones_e_mails_and_addresses_is_all_found(kind):
    missed = [text for text in FIXED[kind] if [f.kind for f in find_personal(text)] != [kind]]
    assert missed == []
