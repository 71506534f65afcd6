# locust loads locustfile.py in its own process; importing it here (pytest's doctest collection)
# would patch the standard library for gevent inside the test run.
collect_ignore = ["locustfile.py"]
