#include "run_podcover.hpp"

#include "support.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace podcover::test {
namespace {

std::string temp_path(const char* stem) {
    std::string path = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/" +
                       stem + "-XXXXXX";
    const int fd = mkstemp(path.data());
    if (fd < 0)
        throw std::runtime_error("cannot create a temporary file");
    close(fd);
    return path;
}
}  // namespace

Run run_process(const std::vector<std::string>& command) {
    const std::string out_path = temp_path("podcover-out");
    const std::string err_path = temp_path("podcover-err");
    std::vector<std::string> argv_strings = command;
    std::vector<char*> argv;
    for (auto& arg : argv_strings)
        argv.push_back(arg.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_TRUNC, 0);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_TRUNC, 0);
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0)
        throw std::runtime_error("cannot run " + argv_strings[0]);
    int status = 0;
    waitpid(pid, &status, 0);

    Run run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    run.out = podcover::test::slurp(out_path);
    run.err = podcover::test::slurp(err_path);
    std::remove(out_path.c_str());
    std::remove(err_path.c_str());
    return run;
}

Run run_podcover(const std::vector<std::string>& args) {
    std::vector<std::string> command{PODCOVER_BIN};
    command.insert(command.end(), args.begin(), args.end());
    return run_process(command);
}

}  // namespace podcover::test
