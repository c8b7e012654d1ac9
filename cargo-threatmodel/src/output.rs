//! Where rendered output goes: a file given with `-o/--output`, or standard output.

use std::io::{ErrorKind, Write};
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
    /// Writes `text` to the output file, or to standard output. A standard output closed by
    /// its reader (`cargo threatmodel report | head -1`) is not an error: the text is dropped
    /// quietly, as if written, and the command ends with the exit code it would have had.
    pub(crate) fn write(&self, text: &str) -> Result<(), Error> {
        match &self.output {
            Some(path) => std::fs::write(path, text).map_err(|err| Error::Io(path.clone(), err)),
            None => {
                let mut stdout = std::io::stdout().lock();
                match stdout
                    .write_all(text.as_bytes())
                    .and_then(|()| stdout.flush())
                {
                    Err(err) if err.kind() == ErrorKind::BrokenPipe => Ok(()),
                    result => result.map_err(|err| Error::Io(PathBuf::from("<stdout>"), err)),
                }
            }
        }
    }
}
