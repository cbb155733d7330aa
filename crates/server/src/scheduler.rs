//! The timer scheduler of `juece serve`: a task that fires the statutory deadlines that have
//! passed, once at start-up (catching up on those passed while the server was down) and then at a
//! fixed interval, until the server shuts down.
//!
//! Any number of processes may run it against one database: the engine claims each due timer in
//! its own transaction (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite's writers take turns), so
//! each deadline fires once, by whichever process got it, and the timer row names that process.

use juece_engine::Engine;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Timers one engine call settles before the loop looks at the stop signal again.
const BATCH: usize = 200;

/// A running scheduler.
pub struct Scheduler {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
    worker: String,
}

/// This process's name on the timers it fires: host, process id and a random part (a restarted
/// process, or a second one in the same container, gets a name of its own).
pub fn worker_id() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "host".to_owned());
    let mut random = [0u8; 4];
    // Without randomness the host and pid still tell processes apart.
    let _ = getrandom::fill(&mut random);
    format!("{host}/{}/{}", std::process::id(), hex::encode(random))
}

impl Scheduler {
    /// Starts firing due timers every `interval`, the first run right away.
    pub fn spawn(engine: Engine, interval: Duration) -> Scheduler {
        let worker = worker_id();
        let (stop, mut stopped) = watch::channel(false);
        let name = worker.clone();
        let task = tokio::spawn(async move {
            let mut tick = tokio::time::interval(interval);
            // After a slow run (a long catch-up), wait a whole interval rather than burst.
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            tracing::info!(worker = %name, interval_ms = interval.as_millis() as u64, "timer scheduler started");
            loop {
                tokio::select! {
                    _ = tick.tick() => {}
                    _ = stopped.changed() => break,
                }
                // Keep going while whole batches come back: a backlog is worked off now, not one
                // batch per tick; the stop signal is looked at between batches.
                loop {
                    match engine.fire_due_timers(&name, BATCH).await {
                        Ok(r) => {
                            if r.fired + r.met + r.cancelled + r.errors > 0 {
                                tracing::info!(
                                    worker = %name,
                                    fired = r.fired,
                                    met = r.met,
                                    cancelled = r.cancelled,
                                    errors = r.errors,
                                    "timers settled"
                                );
                            }
                            if r.fired + r.met + r.cancelled + r.errors < BATCH || *stopped.borrow() {
                                break;
                            }
                        }
                        Err(e) => {
                            tracing::warn!(worker = %name, error = %e, "timer scheduler could not run; it retries");
                            break;
                        }
                    }
                }
            }
            tracing::info!(worker = %name, "timer scheduler stopped");
        });
        Scheduler { stop, task, worker }
    }

    /// The name this scheduler records on the timers it fires.
    pub fn worker(&self) -> &str {
        &self.worker
    }

    /// Stops the scheduler, letting the timer in hand finish (each is one transaction, and an
    /// unfinished one stays pending for the next process); gives up after `grace`.
    pub async fn stop(self, grace: Duration) {
        let _ = self.stop.send(true);
        let mut task = self.task;
        if tokio::time::timeout(grace, &mut task).await.is_err() {
            task.abort();
        }
    }
}
