//! A process's CPU time from `/proc/PID/stat`, for the benchmarks that report a process's own
//! share of the cores (`gateway_load`, `console_load`; included with `#[path]`).

use std::time::Duration;

/// CPU time (user + system, all threads) a process has used so far.
pub fn cpu_time(pid: u32, ticks_per_second: f64) -> Result<Duration, String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).map_err(|e| e.to_string())?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let field = |i: usize| -> Result<f64, String> {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .ok_or_else(|| format!("/proc/{pid}/stat: no field {}", i + 3))
    };
    // utime and stime are fields 14 and 15 of the whole line.
    Ok(Duration::from_secs_f64(
        (field(11)? + field(12)?) / ticks_per_second,
    ))
}

pub fn ticks_per_second() -> Result<f64, String> {
    let out = std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .map_err(|e| format!("getconf CLK_TCK: {e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .map_err(|e| format!("getconf CLK_TCK: {e}"))
}
