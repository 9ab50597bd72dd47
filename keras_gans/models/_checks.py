"""Argument checks shared by the model classes."""


def check_positive_ints(low, **values):
    """Raises unless every value is an int of at least `low`."""
    for arg, value in values.items():
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or (value < low)
        ):
            wanted = (
                "a positive int" if low == 1 else f"an int of at least {low}"
            )
            raise ValueError(
                f"Expected `{arg}` to be {wanted}. Received: {arg}={value!r}"
            )


def check_weight(arg, value):
    """Raises unless `value` is a non-negative number; returns a float."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or value < 0
    ):
        raise ValueError(
            f"Expected `{arg}` to be a non-negative number. "
            f"Received: {arg}={value!r}"
        )
    return float(value)
