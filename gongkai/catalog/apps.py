from gongkai.accounts import registry


class CatalogConfig(registry.GongkaiConfig):
    name = "gongkai.catalog"
    verbose_name = "标准目录"
    navigation = ("标准化专栏", "catalog:list", "workspace.enter")
    queue = ("gongkai.catalog.views.queue_items",)
    demo = "gongkai.catalog.demo.load"
    metrics = (("catalog_coverage", "标准目录事项有现行内容的比例", "gongkai.catalog.metrics.coverage"),)
