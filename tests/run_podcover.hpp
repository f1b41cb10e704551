// Runs the real podcover binary (and other programs), as a user would, and captures what
// it prints.
#pragma once

#include <string>
#include <vector>

namespace podcover::test {

struct Run {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs a program (argv[0] is its path; no shell), waiting for it to end.
Run run_process(const std::vector<std::string>& argv);

// Runs PODCOVER_BIN with the arguments.
Run run_podcover(const std::vector<std::string>& args);

}  // namespace podcover::test
