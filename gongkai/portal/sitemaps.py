from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.accounts.models import Agency
from gongkai.documents.models import Document


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Document.objects.public().order_by("pk")

    def location(self, item):
        return reverse("portal:document", args=[item.uid])

    def lastmod(self, item):
        return item.updated_at


class PageSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["portal:home", "portal:library", "portal:normative"] + [
            f"agency:{code}" for code in Agency.objects.active().values_list("code", flat=True)
        ]

    def location(self, item):
        if item.startswith("agency:"):
            return reverse("portal:agency", args=[item.split(":", 1)[1]])
        return reverse(item)


SITEMAPS = {"documents": DocumentSitemap, "pages": PageSitemap}
