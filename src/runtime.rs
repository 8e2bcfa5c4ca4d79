//! Terminal setup and restore, the panic hook, signals and the event loop.
