// podcover's exit codes (docs/exit-codes.md, and the footer of `podcover --help`).
#pragma once

namespace podcover::cli {

enum ExitCode : int {
    exit_ok = 0,        // done; warnings and notes may have been printed
    exit_refused = 1,   // a printer does not offer the book (spec) or a cover fails (check)
    exit_usage = 2,     // the command line is wrong
    exit_input = 3,     // an input file cannot be read or is not valid
    exit_output = 4,    // an output cannot be written
    exit_internal = 5,  // a bug in podcover: please report it
};

inline constexpr const char* exit_codes_help =
    "Exit codes:\n"
    "  0  done (warnings and notes may have been printed)\n"
    "  1  a printer does not offer the book, or a cover fails a printer's check\n"
    "  2  usage error: an unknown option, command, paper, binding or printer, a missing or\n"
    "     malformed value\n"
    "  3  an input file (printer file, job file, cover or interior PDF) cannot be read or is\n"
    "     not valid\n"
    "  4  an output cannot be written\n"
    "  5  internal error: a bug in podcover";

}  // namespace podcover::cli
