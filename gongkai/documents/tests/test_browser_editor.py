"""The body editor: typed paragraphs stay paragraphs, headings and bold from the toolbar, a paste
from Word keeps paragraphs and tables and loses its styles, and the portal prints it like a 公文."""

import pytest

from gongkai.conftest import PASSWORD
from gongkai.documents.models import Document, Review

pytestmark = pytest.mark.browser

WORD = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{font-size:16pt}</style></head>'
    '<body><p class="MsoNormal" style="text-indent:32pt;font-family:仿宋_GB2312"><span style="font-size:16pt">'
    "粘贴的第一段。</span></p><o:p></o:p><p class=MsoNormal style='color:red'>粘贴的第二段。</p>"
    '<table class="MsoTableGrid" style="border:solid"><tr><td style="width:100pt"><p>项目</p></td>'
    "<td><p>金额</p></td></tr><tr><td>补贴</td><td>1000元</td></tr></table>"
    '<p align="right">上海市测试区甲局</p><script>alert(1)</script></body></html>'
)


def test_a_drafter_types_formats_and_pastes_and_the_portal_prints_paragraphs(page, tree, drafter, reviewer, officer_a):
    page.set_viewport_size({"width": 1280, "height": 900})
    blocked = []
    page.on("console", lambda message: "Content Security Policy" in message.text and blocked.append(message.text))
    page.goto("/workspace/login/")
    page.get_by_label("用户名").fill("drafter-a")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workspace/")  # staff land on 我的待办, with the drafter's 新建 at the top
    assert page.get_by_role("heading", name="我的待办").is_visible()
    assert page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="公文库").is_visible()
    page.get_by_test_id("new-document").click()
    page.wait_for_url("**/workspace/documents/new/")
    assert (
        page.get_by_role("group", name="基本信息").is_visible()
        and page.get_by_role("group", name="正文与附件").is_visible()
    )
    page.get_by_role("textbox", name="标题").fill("关于做好就业补贴发放工作的通知")
    editor = page.get_by_test_id("body-editor")
    editor.click()
    page.keyboard.type("各街镇：")
    page.keyboard.press("Enter")
    page.keyboard.type("一、发放范围")
    page.get_by_role("button", name="一级标题（一、）").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="段落").click()
    page.keyboard.type("符合条件的人员可以申请。")
    page.keyboard.press("Enter")
    page.evaluate(
        """(html) => {
            const data = new DataTransfer();
            data.setData('text/html', html);
            data.setData('text/plain', '粘贴的第一段。');
            document.querySelector('[data-testid=body-editor]').dispatchEvent(
                new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        WORD,
    )
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url("**/workspace/documents/*/")
    doc = Document.objects.get(title="关于做好就业补贴发放工作的通知")
    body = doc.body
    assert "<p>各街镇：</p>" in body and "<h2>一、发放范围</h2>" in body and "<p>符合条件的人员可以申请。</p>" in body
    assert "<p>粘贴的第一段。</p>" in body and "<p>粘贴的第二段。</p>" in body
    assert "<table>" in body and "<td>1000元</td>" in body.replace("<p>", "").replace("</p>", "")
    assert "style=" not in body.replace('style="text-align: right"', "").replace('style="text-align:right"', "")
    assert "MsoNormal" not in body and "<script" not in body and "font" not in body
    assert "上海市测试区甲局</p>" in body and "text-align" in body.split("上海市测试区甲局")[0].rsplit("<p", 1)[1]
    # through review to the portal: the typed paragraphs are separate paragraphs there
    if doc.check_complete():
        pytest.fail("；".join(doc.check_complete()))
    doc.submit(by=drafter)
    doc.review(by=reviewer, decision=Review.Decision.APPROVE, attribute="proactive", opinion="同意")
    doc.refresh_from_db()
    doc.publish(by=officer_a)
    page.goto(f"/documents/{doc.uid}/")
    paragraphs = page.locator(".doc-body > p")
    assert paragraphs.count() >= 5
    assert blocked == []  # the editor runs under the strict Content-Security-Policy
    assert paragraphs.first.inner_text() == "各街镇："
    indent = page.evaluate("() => getComputedStyle(document.querySelector('.doc-body > p')).textIndent")
    assert indent != "0px"
    right = page.locator(".doc-body > p", has_text="上海市测试区甲局")
    assert page.evaluate("(e) => getComputedStyle(e).textAlign", right.element_handle()) == "right"
