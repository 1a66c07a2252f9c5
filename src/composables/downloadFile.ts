/** Hands a file made in the browser to the user as a download (an object URL on an `<a download>`). */
export function downloadFile(file: { name: string; blob: Blob }, doc: Document = document): void {
  const url = URL.createObjectURL(file.blob)
  const a = doc.createElement('a')
  a.href = url
  a.download = file.name
  doc.body.appendChild(a)
  a.click()
  a.remove()
  // The click has handed the file over; the URL only needs to live until the download starts.
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
