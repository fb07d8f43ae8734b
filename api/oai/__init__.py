"""OAI-PMH 2.0 data provider at /oai, with the oai_dc metadata format."""
