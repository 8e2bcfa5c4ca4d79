//! kan's integration tests, in one crate so they link once: each module is one former test
//! file, and `helpers` is what they share.

mod helpers;

mod cli;
mod cli_install;
mod config_defaults;
mod config_errors;
mod config_keys;
mod config_load;
mod decode_fixtures;
mod e2e_faults;
mod e2e_giant;
mod e2e_library;
mod e2e_reader;
mod e2e_script;
mod epub;
mod generators;
mod hints_remapped;
mod html_cli;
mod html_model;
mod layout_blocks;
mod layout_giant;
mod layout_props;
mod layout_render;
mod layout_width;
mod library_scan;
mod library_ui;
mod links;
mod markdown_cli;
mod markdown_model;
mod markdown_outline;
mod markdown_welcome;
mod plain_articles;
mod plain_edges;
mod plain_fixtures;
mod reader_keys;
mod reader_props;
mod script_props;
mod script_view;
mod search_display;
mod session_bookmarks;
mod store_bookmarks;
mod store_concurrency;
mod store_sequences;
mod ui_screens;
mod url;
