// podcover's command line: composes the commands, parses, runs the chosen one, writes its
// output, and maps errors to the exit codes of docs/exit-codes.md. Nothing else happens here.
#include <algorithm>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "arguments.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "podcover/errors.hpp"
#include "podcover/utf8.hpp"

namespace {
// One line per reason: a message may hold several, one per line. A path or word from outside
// that is not UTF-8 shows its bytes escaped.
int fail(int code, const std::string& raw_message) {
    const std::string message = podcover::escape_invalid_utf8(raw_message);
    std::size_t start = 0;
    while (start < message.size()) {
        const std::size_t end = std::min(message.find('\n', start), message.size());
        std::cerr << "podcover: " << message.substr(start, end - start) << "\n";
        start = end + 1;
    }
    return code;
}
}  // namespace

int main(int argc, char** argv) {
    using namespace podcover::cli;
    CLI::App app{"podcover: print-book cover geometry and files for KDP and IngramSpark",
                 "podcover"};
    app.footer(exit_codes_help);
    app.set_version_flag("--version", PODCOVER_VERSION);
    app.require_subcommand(1);

    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(std::make_unique<SpecCommand>());
    commands.push_back(std::make_unique<PrintersCommand>());
    commands.push_back(std::make_unique<RenderCommand>());
    commands.push_back(std::make_unique<SeriesCommand>());
    commands.push_back(std::make_unique<TemplateCommand>());
    commands.push_back(std::make_unique<CheckCommand>());
    commands.push_back(std::make_unique<AdaptCommand>());
    for (auto& command : commands)
        command->add_to(app);

    try {
        parse_command_line(app, argc, argv);
    } catch (const CLI::CallForHelp& help) {
        return app.exit(help);
    } catch (const CLI::CallForAllHelp& help) {
        return app.exit(help);
    } catch (const CLI::CallForVersion& version) {
        return app.exit(version);
    } catch (const CLI::ParseError& error) {
        return fail(exit_usage, std::string(error.what()) + "; see podcover --help");
    } catch (const podcover::UsageError& error) {
        return fail(exit_usage, error.what());
    }

    try {
        for (const auto& command : commands) {
            if (!command->selected())
                continue;
            const CommandOutput output = command->run();
            std::cout << output.out << std::flush;
            for (const auto& line : output.errors)
                std::cerr << "podcover: " << podcover::escape_invalid_utf8(line) << "\n";
            if (!std::cout)
                return fail(exit_output, "cannot write to standard output");
            return output.exit_code;
        }
    } catch (const std::exception& error) {
        const int code = exit_code_of(error);
        if (code != exit_internal)
            return fail(code, error.what());
        return fail(exit_internal, std::string("internal error: ") + error.what() +
                                       "; please report it with the command you ran");
    }
    return fail(exit_usage, "no command given; see podcover --help");
}
