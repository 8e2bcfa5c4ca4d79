//! Key notation ("<C-d>", "g g") and resolving key sequences to actions per mode.
