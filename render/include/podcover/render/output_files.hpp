// A run's output files, written together and never over its inputs.
//
// Each output is written beside its target under a temporary name
// (.<name>.podcover-<pid>-XXXXXX, flushed to disk) and renamed onto it only when the run
// commits, one after the other, last: a run that fails or is killed leaves the previous
// outputs as they were. Temporaries of a run that was killed (its process is gone) are removed
// when the next run starts writing into that folder. No output may be one of the run's inputs,
// named directly or through a symbolic or hard link.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace podcover::render {

class OutputFiles {
  public:
    // `inputs`: every file the run reads (job, art, fonts, printer files, PDFs); paths that
    // do not exist are ignored.
    explicit OutputFiles(std::vector<std::filesystem::path> inputs);
    // Removes the temporaries of a run that did not commit, and the folders it created that
    // stayed empty.
    ~OutputFiles();
    OutputFiles(const OutputFiles&) = delete;
    OutputFiles& operator=(const OutputFiles&) = delete;

    // Adds an input (a file found to be read after construction).
    void add_input(const std::filesystem::path& input);
    // Throws OutputError "<path> would replace <input>, one of the inputs; ..." when the path
    // is, or links to, one of the inputs. `option` ("--proof") names where the path came from.
    void refuse_inputs(const std::filesystem::path& path, std::string_view option = {}) const;
    // Removes the temporaries that runs killed before committing left in `folder`, if it
    // exists. Called by stage() for each new folder; call it at the start to clean up even
    // when the run writes nothing.
    void clean_folder(const std::filesystem::path& folder);
    // Checks the path (refuse_inputs), creates its folder if needed and writes the bytes to a
    // temporary file beside it. Throws OutputError naming the path.
    void stage(const std::filesystem::path& path, std::string_view bytes);
    // Flushes every staged file to disk, then renames each onto its target, in the order
    // staged. Throws OutputError naming the first that fails (a flush failure replaces
    // nothing; after a failed rename the ones before it are in place).
    void commit();

    // Whether a file name is one of podcover's temporaries, and the process that wrote it.
    static bool is_temporary(const std::string& file_name, long* pid = nullptr);

  private:
    struct Staged {
        std::filesystem::path target;
        std::filesystem::path temporary;
    };
    std::vector<std::filesystem::path> inputs_;
    std::vector<Staged> staged_;
    std::vector<std::filesystem::path> cleaned_;  // folders whose stale temporaries are gone
    std::vector<std::filesystem::path> created_;  // folders this run created, outermost first
    bool committed_ = false;
};

}  // namespace podcover::render
