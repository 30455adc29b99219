"""Prints the field accuracy on the public releases at the end of the run."""

from tests.press_release import accuracy


def pytest_terminal_summary(terminalreporter):
    if accuracy.REPORT:
        terminalreporter.write_sep("-", "press releases: fields read right")
        for line in accuracy.REPORT:
            terminalreporter.write_line(line)
