"""Pipeline stages, one module each. Each module names its versioned STAGE id."""
