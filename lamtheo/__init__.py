"""lamtheo: directives and resolutions into plans, results, commendations and reports."""
