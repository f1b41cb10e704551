// podcover's commands. Each owns its option groups, registers them on its CLI11 subcommand,
// and runs to a CommandOutput that main() writes; main() alone maps errors to exit codes.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "options.hpp"

namespace podcover::cli {

struct CommandOutput {
    std::string out;                  // for standard output
    std::vector<std::string> errors;  // one-line messages for standard error
    int exit_code = 0;
};

class Command {
  public:
    virtual ~Command() = default;
    virtual void add_to(CLI::App& app) = 0;
    virtual CommandOutput run() const = 0;
    bool selected() const { return command_ != nullptr && command_->parsed(); }

  protected:
    CLI::App* command_ = nullptr;
};

// podcover spec: one book's cover geometry on each printer, side by side.
class SpecCommand : public Command {
  public:
    void add_to(CLI::App& app) override;
    CommandOutput run() const override;

  private:
    PrinterOptions printers_;
    BookOptions book_;
    OutputOptions output_;
};

// podcover printers: what each printer offers, from its data.
class PrintersCommand : public Command {
  public:
    void add_to(CLI::App& app) override;
    CommandOutput run() const override;

  private:
    PrinterOptions printers_;
    bool json_ = false;
};

// podcover render: a job file to cover PDFs, previews and the drift proof.
class RenderCommand : public Command {
  public:
    void add_to(CLI::App& app) override;
    CommandOutput run() const override;

  private:
    std::string job_file_;
    std::string out_dir_;
    PrinterOptions printers_;
    std::vector<std::string> on_template_;  // "ingramspark=TEMPLATE.pdf"
    std::string color_;                     // "rgb" or "cmyk": every printer's
    std::string previews_ = "png";          // "png" or "none" (the PDFs only)
    bool json_ = false;
};

// podcover series: a series manifest to every volume's covers, spines aligned, and a summary.
class SeriesCommand : public Command {
  public:
    void add_to(CLI::App& app) override;
    CommandOutput run() const override;

  private:
    std::string manifest_;
    std::string out_dir_;
    PrinterOptions printers_;  // only --printer-file: the manifest names the printers
    unsigned workers_ = 0;
    bool force_ = false;
    bool json_ = false;
};

// podcover template: printer templates for a book, PDF and PNG.
class TemplateCommand : public Command {
  public:
    void add_to(CLI::App& app) override;
    CommandOutput run() const override;

  private:
    BookOptions book_;
    PrinterOptions printers_;
    std::string out_dir_;
    std::string name_ = "template";
    std::string isbn_;
    std::string price_;
    bool json_ = false;
};

// podcover check: a cover PDF against each printer.
class CheckCommand : public Command {
  public:
    void add_to(CLI::App& app) override;
    CommandOutput run() const override;

  private:
    std::vector<std::string> covers_;  // PDFs, or folders of them
    BookOptions book_;
    std::string interior_;
    std::string template_;
    std::string direction_;  // "ltr", "rtl", or empty: from the barcode
    PrinterOptions printers_;
    std::string proof_;
    std::string time_limit_;
    bool json_ = false;
};

// podcover adapt: finished covers to the other printer, or to a new page count.
class AdaptCommand : public Command {
  public:
    void add_to(CLI::App& app) override;
    CommandOutput run() const override;

  private:
    std::vector<std::string> covers_;
    std::string to_;
    std::string from_;
    BookOptions book_;
    std::string template_;
    std::string out_;
    std::string proof_;
    PrinterOptions printers_;  // only --printer-file: the target is --to
    bool force_ = false;
    bool json_ = false;
};

}  // namespace podcover::cli
