__version__ = "1.0.0"


def hello() -> str:
    return f"a0dep {__version__}"


def main() -> int:
    print(hello())
    return 0
