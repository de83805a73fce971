// The door's check-in page: where the browser can read QR codes from the camera (BarcodeDetector), the code
// is read into the box and sent; everywhere else the code is typed. Nothing is loaded from outside.
(function () {
  "use strict";
  var form = document.getElementById("checkin-form");
  var box = form && form.querySelector("[name=code]");
  var area = document.getElementById("scanner");
  var video = document.getElementById("camera");
  if (!box || !area || !video || !("BarcodeDetector" in window) || !navigator.mediaDevices) { return; }
  var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
  navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
    area.hidden = false;
    video.srcObject = stream;
    video.play();
    var busy = false;
    setInterval(function () {
      if (busy || video.readyState < 2) { return; }
      busy = true;
      detector.detect(video).then(function (codes) {
        if (codes.length) {
          box.value = codes[0].rawValue.trim().toUpperCase().slice(0, 8);
          form.submit();
        }
      }).catch(function () { /* keep typing */ }).then(function () { busy = false; });
    }, 400);
  }).catch(function () { /* no camera: typing the code still works */ });
}());
