//! Durable timers: scheduling, cancelling, claiming due rows and closing them.
