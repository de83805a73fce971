from django import forms

from gongkai.lib.files import sniff


class ImportForm(forms.Form):
    file = forms.FileField(
        label="标准目录（.xlsx）", help_text="标准目录的格式：两行表头（一级事项/二级事项 … 公开层级），不超过 5 MB"
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("标准目录：只接受 .xlsx 文件")
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("标准目录：超过 5 MB")
        if sniff(upload) != "xlsx":
            raise forms.ValidationError("标准目录：文件内容不是 XLSX，与扩展名不符")
        return upload
