"""The demo loader's report, silenced.

For the tests that check the demo content itself, the browser journeys and the
benchmarks; every other test builds its data with tests.factories.
"""

from home.demo.helpers import DemoReport


def quiet_report():
    return DemoReport(lambda line: None)
