// Bull Board for dehandler's queues: being built (issue 5); this entry only refuses to run yet.
process.stderr.write("dehandler-board: not available yet\n");
process.exit(1);
