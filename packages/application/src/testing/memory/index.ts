export { memoryApp, ManualClock, RecordedEvents, refusal, TREASURY, type MemoryApp } from "./app";
export { MemoryUnitOfWork } from "./unit-of-work";
export { paidOrder, shippedOrder } from "./scenes";
