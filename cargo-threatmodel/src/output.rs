//! Where rendered output goes: a file given with `-o/--output`, or standard output.

use std::io::Write;
use std::path::PathBuf;

use crate::error::Error;

/// `-o/--output FILE`.
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct Output {
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

impl Output {
    /// Writes `text` to the output file, or to standard output.
    pub(crate) fn write(&self, text: &str) -> Result<(), Error> {
        match &self.output {
            Some(path) => std::fs::write(path, text).map_err(|err| Error::Io(path.clone(), err)),
            None => {
                let mut stdout = std::io::stdout().lock();
                stdout
                    .write_all(text.as_bytes())
                    .and_then(|()| stdout.flush())
                    .map_err(|err| Error::Io(PathBuf::from("<stdout>"), err))
            }
        }
    }
}
