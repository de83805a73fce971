"""GB/T 4754-2017《国民经济行业分类》: the 20 门类 and the range of 大类 codes each holds (an enterprise's
profile gives its 门类 and, optionally, its 2-digit 大类; the 大类 names are not carried here)."""

from __future__ import annotations

SECTIONS = {
    "A": ("农、林、牧、渔业", (1, 5)),
    "B": ("采矿业", (6, 12)),
    "C": ("制造业", (13, 43)),
    "D": ("电力、热力、燃气及水生产和供应业", (44, 46)),
    "E": ("建筑业", (47, 50)),
    "F": ("批发和零售业", (51, 52)),
    "G": ("交通运输、仓储和邮政业", (53, 60)),
    "H": ("住宿和餐饮业", (61, 62)),
    "I": ("信息传输、软件和信息技术服务业", (63, 65)),
    "J": ("金融业", (66, 69)),
    "K": ("房地产业", (70, 70)),
    "L": ("租赁和商务服务业", (71, 72)),
    "M": ("科学研究和技术服务业", (73, 75)),
    "N": ("水利、环境和公共设施管理业", (76, 79)),
    "O": ("居民服务、修理和其他服务业", (80, 82)),
    "P": ("教育", (83, 83)),
    "Q": ("卫生和社会工作", (84, 85)),
    "R": ("文化、体育和娱乐业", (86, 90)),
    "S": ("公共管理、社会保障和社会组织", (91, 96)),
    "T": ("国际组织", (97, 97)),
}
SECTION_CHOICES = [(code, f"{code} {name}") for code, (name, _) in SECTIONS.items()]


def section_of(division: str) -> str | None:
    """The 门类 a 2-digit 大类 code belongs to (None when the code is not a 大类)."""
    if not (len(division) == 2 and division.isdigit()):
        return None
    n = int(division)
    return next((code for code, (_, (low, high)) in SECTIONS.items() if low <= n <= high), None)


# The library's demand-side 行业 tags (documents/law.py TAG_GROUPS) each cover these 门类: a policy tagged
# 制造业 reaches enterprises whose profile says 门类 C.
TAG_SECTIONS = {
    "制造业": {"C"},
    "信息技术": {"I"},
    "商贸流通": {"F", "G", "H"},
    "建筑业": {"E"},
    "现代服务业": {"J", "K", "L", "M", "N", "O"},
}

# 企业规模 (《统计上大中小微型企业划分办法》categories) and the library's size tags.
SIZES = {"micro": "微型", "small": "小型", "medium": "中型", "large": "大型"}
SIZE_TAGS = {"小微企业": {"micro", "small"}, "中型企业": {"medium"}, "大型企业": {"large"}}
