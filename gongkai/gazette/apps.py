from gongkai.accounts import registry


class GazetteConfig(registry.GongkaiConfig):
    name = "gongkai.gazette"
    verbose_name = "政府公报"
    navigation = ("政府公报", "gazette:list", "gazette.edit")
    demo = "gongkai.gazette.demo.load"
