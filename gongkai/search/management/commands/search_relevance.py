from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.search import relevance


class Command(BaseCommand):
    help = (
        "Run the judged queries (search/data/judgments.tsv); print NDCG@10 and the queries whose best document is "
        "not first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--min", type=float, default=0.0, help="exit non-zero below this mean NDCG@10")

    def handle(self, *args: object, min: float = 0.0, **options: object) -> None:
        report = relevance.evaluate(relevance.load())
        for outcome in report.outcomes:
            mark = "  " if outcome.top[:1] == outcome.expected[:1] else "✗ "
            self.stdout.write(
                f"{mark}{outcome.ndcg:.2f}  {outcome.q}  → {outcome.top[0] if outcome.top else '（无结果）'}"
            )
        failures = report.failures
        self.stdout.write(
            f"\n{len(report.outcomes)} 个检索词，NDCG@{relevance.K} 平均 {report.mean:.3f}；"
            f"最期望的文件不在第一位的 {len(failures)} 个"
        )
        for outcome in failures:
            first = outcome.top[0] if outcome.top else "（无结果）"
            self.stdout.write(f"  {outcome.q}：期望“{outcome.expected[0]}”，第一位是“{first}”")
        if report.mean < min:
            raise CommandError(f"NDCG@{relevance.K} 平均 {report.mean:.3f} 低于 {min}")
