import datetime

import pytest

from gongkai.documents.law import Attribute
from gongkai.documents.library import create_draft
from gongkai.documents.models import Review, SubjectCategory


@pytest.fixture
def make_draft(tree, drafter):
    def make(**fields):
        agency, by = fields.pop("agency", tree["a"]), fields.pop("by", drafter)
        defaults = {
            "title": "关于做好2026年就业创业工作的通知",
            "written_on": datetime.date(2026, 3, 2),
            "summary": "部署就业创业工作。",
            "body": "<p>各科室：</p><p>现将有关事项通知如下。</p>",
            "subject": SubjectCategory.objects.get(name="劳动、人事、监察"),
        }
        defaults.update(fields)
        return create_draft(agency=agency, by=by, **defaults)

    return make


@pytest.fixture
def approved(make_draft, drafter, reviewer):
    """A draft submitted and approved as 主动公开."""

    def make(**fields):
        attribute, ground = fields.get("attribute", Attribute.PROACTIVE), fields.get("withhold_ground", "")
        doc = make_draft(**fields)
        doc.submit(by=drafter)
        doc.review(
            by=reviewer, decision=Review.Decision.APPROVE, attribute=attribute, withhold_ground=ground, opinion="同意"
        )
        doc.refresh_from_db()
        return doc

    return make
