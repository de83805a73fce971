"""Take the screenshots in docs/screenshots/ from a fresh demo: the body editor, the letter page, 我的申请
and the portal in large print on a phone. Usage: .venv/bin/python docs/screenshots/make.py

It migrates and loads the demo into a temporary data directory, serves it on a free port with
runserver, and drives Debian's Chromium through Playwright (nothing is downloaded)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
PY = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    data = Path(tempfile.mkdtemp(prefix="gongkai-shots-"))
    env = {**os.environ, "GONGKAI_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "gongkai.settings"}
    env.pop("DATABASE_URL", None)
    subprocess.run([PY, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([PY, "manage.py", "load_demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([PY, "manage.py", "search_rebuild"], cwd=ROOT, env=env, check=True, capture_output=True)
    logins = dict(line.split("\t")[:2] for line in (data / "demo-logins.txt").read_text(encoding="utf-8").splitlines())
    port = free_port()
    server = subprocess.Popen([PY, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])

            def staff(username: str, width: int = 1280):
                page = browser.new_context(
                    base_url=base, locale="zh-CN", viewport={"width": width, "height": 900}
                ).new_page()
                page.goto("/workspace/login/")
                page.get_by_label("用户名").fill(username)
                page.get_by_label("密码").fill(logins[username])
                page.get_by_role("button", name="登录").click()
                page.wait_for_url("**/workspace/")
                return page

            drafter = staff("drafter")
            drafter.goto("/workspace/documents/new/")
            drafter.get_by_role("textbox", name="标题").fill("关于做好2026年一次性就业补贴发放工作的通知")
            drafter.get_by_test_id("body-editor").click()
            for line in ("各街镇、各有关单位：", "为做好一次性就业补贴发放工作，现将有关事项通知如下。"):
                drafter.keyboard.type(line)
                drafter.keyboard.press("Enter")
            drafter.keyboard.type("一、补贴对象")
            drafter.get_by_role("button", name="一级标题（一、）").click()
            drafter.get_by_role("group", name="正文与附件").screenshot(path=str(OUT / "editor.png"))

            officer = staff("officer")
            officer.goto("/workspace/requests/")
            numbers = [a.inner_text() for a in officer.locator("table tbody tr td:first-child a").all()[:40]]
            for number in numbers:  # the first open case: its page, then a reply drafted and its letter page
                officer.goto(f"/workspace/requests/{number}/")
                if not officer.locator("form#reply").count():
                    continue
                officer.locator("main").screenshot(path=str(OUT / "case-page.png"))
                reply = officer.locator("form#reply")
                reply.get_by_label("办理结果（年报表三的行）").select_option("granted")
                reply.get_by_label("答复内容").fill("现将2025年度一次性就业补贴发放人数和金额提供给您。")
                reply.get_by_role("button", name="答复").click()
                officer.locator("#letters").get_by_role("link", name="编辑、预览并出具").first.click()
                officer.get_by_test_id("letter-preview").wait_for()
                officer.locator("main").screenshot(path=str(OUT / "letter.png"))
                break

            phone = browser.new_context(
                base_url=base, locale="zh-CN", viewport={"width": 390, "height": 844}
            ).new_page()
            phone.goto("/")
            phone.get_by_role("button", name="适老化模式（大字、高对比）").click()
            phone.wait_for_load_state()
            phone.screenshot(path=str(OUT / "phone-large-print.png"))
            phone.goto("/login/")
            phone.get_by_label("用户名").fill("citizen")
            phone.get_by_label("密码").fill(logins["citizen"])
            phone.get_by_role("button", name="登录").click()
            phone.goto("/agencies/PD-RSJ/apply/")  # a real application, so 我的申请 has one
            phone.get_by_label("证件类型").select_option("id_card")
            phone.get_by_label("证件号码").fill("11010519491231002X")
            phone.get_by_label("联系电话").fill("13800000000")
            phone.get_by_label("所需信息的名称或描述").fill("2026年本区一次性就业补贴的发放人数和金额")
            phone.get_by_role("group", name="获取形式").get_by_label("电子").check()
            phone.get_by_role("group", name="获取方式").get_by_label("电子邮件").check()
            phone.get_by_label("电子邮箱").fill("zhangsan@example.com")
            phone.get_by_role("button", name="提交申请").click()
            phone.get_by_test_id("number").wait_for()
            phone.goto("/requests/mine/")
            phone.screenshot(path=str(OUT / "my-requests.png"), full_page=True)
            browser.close()
    finally:
        server.terminate()
        server.wait()
    print("screenshots written to", OUT)


if __name__ == "__main__":
    main()
