"""Where a row is, as a locator: "<file name> line <n>". Never a value of the row."""

_LINE = " line "


def locator(file_name: str, line: int) -> str:
    return f"{file_name}{_LINE}{line}"


def line_of(locator: str) -> str:
    """The line number in one of our locators; any other locator as it is."""
    _, found, line = locator.rpartition(_LINE)
    return line if found and line.isdigit() else locator
