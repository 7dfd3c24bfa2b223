/** The endpoint of the real consult-server that web-test-runner started (see consult-server.mjs). */
export async function consultServerEndpoint(which: 'endpoint' | 'proofEndpoint' = 'endpoint'): Promise<string> {
  const answer = await fetch('/__consult-server__');
  const info = (await answer.json()) as { endpoint?: string; proofEndpoint?: string; error?: string };
  if (!info[which]) throw new Error(info.error ?? 'consult-server is not running');
  return info[which];
}
