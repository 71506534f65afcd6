"""The load benchmark behind `lamtheo bench-load` (run by `make bench`, see docs/benchmarks.md).

personas  - bench users with roles, sessions and API tokens in the generated national tree
server    - the application under test: gunicorn on loopback with production settings
loadgen   - locust (locustfile.py) driving 50 users, its statistics read back
submit    - 100 units submitting files at the same instant, then the database checked
report    - pure helpers: percentiles, the fixed tables, the submission tally

The application never imports this package; locust is a development dependency.
"""
