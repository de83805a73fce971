import csv
import io

from django import forms

from gongkai.lib.files import decode_text, sniff
from gongkai.reports import law
from gongkai.reports.tables import N_TYPES, parse_manual

LABELS = {key: label for block in law.TABLE_TWO for key, label in block.rows}


class SectionsForm(forms.Form):
    section1 = forms.CharField(label="一、总体情况", widget=forms.Textarea(attrs={"rows": 10}), required=False)
    section5 = forms.CharField(
        label="五、存在的主要问题及改进情况", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    section6 = forms.CharField(label="六、其他需要报告的事项", widget=forms.Textarea(attrs={"rows": 4}), required=False)


class ManualForm(forms.Form):
    """Table 二 figures from other systems: each with where it came from."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in law.T2_MANUAL:
            unit = law.T2_FEES if key == "fees" else law.T2_DECISIONS
            self.fields[key] = forms.CharField(label=f"{LABELS[key]} · {unit}", required=False, max_length=20)
            self.fields[f"{key}_source"] = forms.CharField(
                label=f"{LABELS[key]} · 数据来源",
                required=False,
                max_length=200,
                help_text="如：区行政审批系统统计，2026年1月5日导出",
            )

    def clean(self):
        data = super().clean()
        _values, _sources, errors = parse_manual(data)
        for error in errors:
            key = next(k for k in law.T2_MANUAL if f"“{LABELS[k]}”" in error)
            self.add_error(key, error)
        return data


def extra_field_name(table: str, key: str, i: int) -> str:
    return f"x{table}_{key}_{i}"


class ExtraForm(forms.Form):
    """Cases handled outside the platform (e.g. before it went live), added cell by cell."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for row in law.TABLE_THREE:
            if row.editable:
                for i in range(N_TYPES):
                    self.fields[extra_field_name("3", row.key, i)] = self._number(
                        f"表三“{row.label}”行“{law.T3_COLUMNS[i]}”列"
                    )
        for g, group in enumerate(law.T4_GROUPS):
            for i, result in enumerate(law.T4_RESULTS[:4]):
                self.fields[extra_field_name("4", str(g), i)] = self._number(f"表四“{group}”“{result}”")

    @staticmethod
    def _number(label):
        return forms.IntegerField(
            label=label,
            required=False,
            min_value=0,
            max_value=100000,
            error_messages={
                "invalid": f"{label}：只能填写非负整数",
                "min_value": f"{label}：只能填写非负整数",
                "max_value": f"{label}：不能超过 100000",
            },
        )

    def extra(self) -> dict:
        data = self.cleaned_data
        three = {}
        for row in law.TABLE_THREE:
            if row.editable:
                cells = [data.get(extra_field_name("3", row.key, i)) or 0 for i in range(N_TYPES)]
                if any(cells):
                    three[row.key] = cells
        four = [data.get(extra_field_name("4", str(g), i)) or 0 for g in range(3) for i in range(4)]
        return {"three": three, "four": four if any(four) else []}

    @classmethod
    def initial_from(cls, extra: dict) -> dict:
        initial = {}
        for key, cells in (extra.get("three") or {}).items():
            for i, value in enumerate(cells):
                initial[extra_field_name("3", key, i)] = value or None
        for n, value in enumerate(extra.get("four") or []):
            initial[extra_field_name("4", str(n // 4), n % 4)] = value or None
        return initial


class PublishForm(forms.Form):
    note = forms.CharField(
        label="更正说明", required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="再次发布（更正）时必填"
    )


class ImportForm(forms.Form):
    year = forms.IntegerField(label="报告年度", min_value=2019, max_value=2100)
    file = forms.FileField(label="往年报告", help_text="报告网页另存的 HTML 文件，或 XLSX 表格；不超过 5 MB")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".html", ".htm", ".xlsx")):
            raise forms.ValidationError("往年报告：只接受 .html、.htm 或 .xlsx 文件")
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("往年报告：文件超过 5 MB")
        if name.endswith(".xlsx") and sniff(upload) != "xlsx":
            raise forms.ValidationError("往年报告：文件内容不是 XLSX，与扩展名不符")
        return upload


class ManualCsvForm(forms.Form):
    csv = forms.FileField(
        label="从 CSV 读取", help_text="三列：项目、数值、数据来源；项目为 行政许可、行政处罚、行政强制、行政事业性收费"
    )

    def clean_csv(self):
        upload = self.cleaned_data["csv"]
        if not upload.name.lower().endswith(".csv") or upload.size > 100 * 1024:
            raise forms.ValidationError("从 CSV 读取：只接受不超过 100 KB 的 .csv 文件")

        text = decode_text(upload.read())
        if text is None:
            raise forms.ValidationError("从 CSV 读取：无法识别文件编码（应为 UTF-8 或 GBK）")
        keys = {label: key for key, label in LABELS.items() if key in law.T2_MANUAL}
        values, errors = {}, []
        for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
            cells = [c.strip() for c in row]
            if not any(cells) or (number == 1 and cells[0] == "项目"):
                continue
            key = keys.get(cells[0])
            if key is None:
                errors.append(f"从 CSV 读取：第{number}行的项目“{cells[0]}”不认识（应为 {'、'.join(keys)}）")
                continue
            values[key] = cells[1] if len(cells) > 1 else ""
            values[f"{key}_source"] = cells[2] if len(cells) > 2 else ""
        if errors:
            raise forms.ValidationError(errors)
        if not values:
            raise forms.ValidationError("从 CSV 读取：文件里没有数据行")
        return values
