import routedeck


def test_version() -> None:
    assert routedeck.__version__
