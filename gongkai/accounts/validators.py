from django.core.exceptions import ValidationError

from gongkai.lib.idcodes import check_credit_code, check_id_card


def validate_credit_code(value: str) -> None:
    if message := check_credit_code(value):
        raise ValidationError(message, code="credit_code")


def validate_id_card(value: str) -> None:
    if message := check_id_card(value):
        raise ValidationError(message, code="id_card")
