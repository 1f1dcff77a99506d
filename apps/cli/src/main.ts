#!/usr/bin/env node
import { Command } from "commander";

const program = new Command("dehandler").description("Inspect and operate dehandler: lint labels, plan, apply, dead-letter queue, status.");
await program.parseAsync(process.argv);
