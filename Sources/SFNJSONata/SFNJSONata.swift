// Module SFNJSONata.
