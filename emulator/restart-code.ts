/** Exit code of the local Azure meaning "start me again": the launcher restarts it when it sees it. */
export const RESTART_EXIT_CODE = 75;
