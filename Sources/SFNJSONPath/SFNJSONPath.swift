// Module SFNJSONPath.
