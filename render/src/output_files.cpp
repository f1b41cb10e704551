#include "podcover/render/output_files.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "podcover/errors.hpp"

namespace podcover::render {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view marker = ".podcover-";

std::string error_text(int error) {
    return std::strerror(error);
}

// The folder a path's file lies in ("." for a bare name).
fs::path folder_of(const fs::path& path) {
    return path.has_parent_path() ? path.parent_path() : fs::path(".");
}

// Flushes a folder's entries (the renames in it) to disk; best effort, as some file systems
// refuse to open folders for it.
void sync_folder(const fs::path& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

}  // namespace

OutputFiles::OutputFiles(std::vector<fs::path> inputs) : inputs_(std::move(inputs)) {}

OutputFiles::~OutputFiles() {
    if (committed_)
        return;
    std::error_code ignored;
    for (const auto& staged : staged_)
        fs::remove(staged.temporary, ignored);
    for (auto folder = created_.rbegin(); folder != created_.rend(); ++folder) {
        if (fs::is_empty(*folder, ignored))
            fs::remove(*folder, ignored);
    }
}

void OutputFiles::add_input(const fs::path& input) {
    inputs_.push_back(input);
}

void OutputFiles::refuse_inputs(const fs::path& path, std::string_view option) const {
    for (const auto& input : inputs_) {
        std::error_code ignored;
        if (!fs::equivalent(path, input, ignored))
            continue;
        const std::string same = path == input ? "" : " (the same file)";
        throw OutputError((option.empty() ? "" : std::string(option) + ": ") + path.string() +
                          " would replace " + input.string() + same +
                          ", one of the inputs; choose another output");
    }
}

bool OutputFiles::is_temporary(const std::string& file_name, long* pid) {
    // .<name>.podcover-<pid>-XXXXXX
    if (file_name.size() < 2 || file_name[0] != '.')
        return false;
    const std::size_t at = file_name.rfind(marker);
    if (at == std::string::npos || at == 0)
        return false;
    const std::string rest = file_name.substr(at + marker.size());
    const std::size_t dash = rest.find('-');
    if (dash == 0 || dash == std::string::npos || rest.size() - dash - 1 != 6)
        return false;
    if (!std::all_of(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(dash),
                     [](char c) { return c >= '0' && c <= '9'; })) {
        return false;
    }
    if (pid)
        *pid = std::strtol(rest.c_str(), nullptr, 10);
    return true;
}

void OutputFiles::clean_folder(const fs::path& folder) {
    const fs::path key = fs::absolute(folder).lexically_normal();
    if (std::find(cleaned_.begin(), cleaned_.end(), key) != cleaned_.end())
        return;
    cleaned_.push_back(key);
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(folder, error)) {
        long pid = 0;
        if (!is_temporary(entry.path().filename().string(), &pid))
            continue;
        // A run still writing (another podcover into the same folder) keeps its files.
        if (pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH))
            continue;
        std::error_code ignored;
        fs::remove(entry.path(), ignored);
    }
}

void OutputFiles::stage(const fs::path& path, std::string_view bytes) {
    refuse_inputs(path);
    const fs::path folder = folder_of(path);
    std::error_code error;
    if (!fs::is_directory(folder, error)) {
        // Remember which folders this run makes, to remove them again if it fails.
        std::vector<fs::path> missing;
        for (fs::path up = fs::absolute(folder).lexically_normal(); !up.empty() && !fs::exists(up);
             up = up.parent_path()) {
            missing.insert(missing.begin(), up);
            if (up == up.parent_path())
                break;
        }
        fs::create_directories(folder, error);
        if (error || !fs::is_directory(folder)) {
            throw OutputError(folder.string() + ": cannot create the output folder (" +
                              (error ? error.message() : std::string("not a folder")) + ")");
        }
        created_.insert(created_.end(), missing.begin(), missing.end());
    }
    clean_folder(folder);

    std::string name = (folder / ("." + path.filename().string() + std::string(marker) +
                                  std::to_string(::getpid()) + "-XXXXXX"))
                           .string();
    const int fd = ::mkstemp(name.data());
    if (fd < 0) {
        throw OutputError(path.string() + ": cannot write here (" + error_text(errno) +
                          "); check the output folder");
    }
    staged_.push_back({path, name});
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const int saved = n < 0 ? errno : ENOSPC;
            ::close(fd);
            throw OutputError(path.string() + ": cannot write (" + error_text(saved) + ")");
        }
        written += static_cast<std::size_t>(n);
    }
    // Readable by others, as a normally created file would be (mkstemp makes it 0600).
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
#ifdef __linux__
    // The disk starts writing now, while the run goes on; commit() waits for it. One fsync
    // per file here cost a render about as long as its drawing on a busy disk.
    ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
    if (::close(fd) != 0)
        throw OutputError(path.string() + ": cannot write (" + error_text(errno) + ")");
}

void OutputFiles::commit() {
    // Every temporary is on disk before any target is replaced: a crash leaves either the
    // previous outputs or the new ones, each whole (docs/reliability.md).
    for (const auto& staged : staged_) {
        const int fd = ::open(staged.temporary.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0 || ::fsync(fd) != 0) {
            const int saved = errno;
            if (fd >= 0)
                ::close(fd);
            throw OutputError(staged.target.string() + ": cannot write (" + error_text(saved) +
                              ")");
        }
        ::close(fd);
    }
    std::vector<fs::path> folders;
    for (const auto& staged : staged_) {
        if (std::rename(staged.temporary.c_str(), staged.target.c_str()) != 0) {
            throw OutputError(staged.target.string() + ": cannot write (" + error_text(errno) +
                              ")");
        }
        const fs::path folder = folder_of(staged.target);
        if (std::find(folders.begin(), folders.end(), folder) == folders.end())
            folders.push_back(folder);
    }
    committed_ = true;
    for (const auto& folder : folders)
        sync_folder(folder);
}

}  // namespace podcover::render
