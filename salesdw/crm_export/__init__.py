"""Write a contract folder's synthetic org as a CRM's own export (Salesforce, HubSpot), with the
contract folder the export is exactly equivalent to: the fixtures of the CRM-source tests."""
