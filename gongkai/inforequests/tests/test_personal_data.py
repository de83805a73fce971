"""An applicant's personal data by need: in full only for the people handling the case; every full
view and every identity-file download is in the case's reading log."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.accounts.models import Department, Role
from gongkai.audit.models import Event
from gongkai.conftest import make_staff
from gongkai.inforequests.models import CaseFile
from gongkai.inforequests.tests.conftest import PERSON

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
D = datetime.date


def test_only_the_handlers_see_the_applicant_in_full_and_each_look_is_logged(as_user, case, officer_a, reviewer, tree):
    item = CaseFile.store(
        case, SimpleUploadedFile("身份证.pdf", PDF, content_type="application/pdf"), kind=CaseFile.Kind.IDENTITY
    )
    detail = reverse("inforequests:detail", args=[case.number])
    download = reverse("inforequests:file", args=[case.number, item.pk])
    page = as_user(reviewer).get(detail).content.decode()  # a colleague in the same agency, not handling it
    assert PERSON["id_number"] not in page and PERSON["phone"] not in page and "个人信息仅经办人员可见" in page
    assert as_user(reviewer).get(download).status_code == 404
    assert not Event.objects.filter(verb="inforequest.personal_data_viewed").exists()
    page = as_user(officer_a).get(detail).content.decode()
    assert PERSON["id_number"] in page and PERSON["phone"] in page
    assert as_user(officer_a).get(download).status_code == 200
    log = list(Event.objects.filter(target_id=str(case.pk)).values_list("verb", "actor_name"))
    assert ("inforequest.personal_data_viewed", str(officer_a)) in log
    assert ("inforequest.identity_downloaded", str(officer_a)) in log
    # the staff of the department the case is assigned to see it in full too
    department = Department.objects.create(agency=tree["a"], name="就业促进科")
    clerk = make_staff("clerk-a", tree["a"], Role.DRAFTER, department=department)
    assert PERSON["id_number"] not in as_user(clerk).get(detail).content.decode()
    case.assign(by=officer_a, department=department, on=D(2026, 2, 11))
    assert PERSON["id_number"] in as_user(clerk).get(detail).content.decode()
